// Auto-save of a bid draft: a moment after the organization stops typing, the form is
// sent as JSON to the draft API, and the version it answers goes back into the form so
// that the next save (or the plain form post, which works without this script) is not
// taken for a stale one. Inline with the page's CSP nonce; no client build.
export const BID_AUTOSAVE_JS = `
(function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "hint";
  form.insertBefore(status, form.firstChild);
  var en = document.documentElement.lang === "en";
  var timer = null;
  function value(name) { var el = form.elements.namedItem(name); return el && "value" in el ? el.value : ""; }
  function draft() {
    var lines = [];
    for (var i = 1; i <= 8; i++) {
      var item = value("line" + i + "Item"), amount = value("line" + i + "Amount");
      if (!item.trim() && !amount.trim()) continue;
      lines.push({ kind: value("line" + i + "Kind"), item: item, amountYuan: Number(amount) });
    }
    var lead = value("lead");
    var team = Array.prototype.slice.call(form.querySelectorAll("input[name^='team.']:checked")).map(function (el) {
      var id = el.name.slice(5); return { workerId: id, lead: id === lead };
    });
    var body = { title: value("title"), categoryId: value("categoryId"), targetGroup: value("targetGroup"), beneficiaries: Number(value("beneficiaries") || 0),
      activities: value("activities"), indicators: value("indicators"), communityCode: value("communityCode"), volunteers: Number(value("volunteers") || 0), lines: lines, team: team };
    var version = value("version");
    if (version) body.version = Number(version);
    return body;
  }
  function save() {
    fetch(form.getAttribute("data-autosave"), {
      method: "PUT", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": form.getAttribute("data-csrf") },
      body: JSON.stringify(draft())
    }).then(function (res) {
      if (!res.ok) { status.textContent = en ? "Not saved automatically: check the fields." : "未能自动保存，请检查填写内容。"; return; }
      return res.json().then(function (bid) {
        var input = form.elements.namedItem("version");
        if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = "version"; form.appendChild(input); }
        input.value = String(bid.version);
        status.textContent = (en ? "Draft saved " : "草稿已自动保存 ") + new Date().toLocaleTimeString();
      });
    }).catch(function () {});
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
})();
`;
