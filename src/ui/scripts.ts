// Small scripts served by the Worker (no client build). Pages work without them.

/**
 * Auto-save of application drafts: a form with data-autosave="<API URL>" is saved as
 * JSON a moment after the user stops typing; the status line says when it was saved.
 */
export const AUTOSAVE_JS = `
(function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "hint";
  form.insertBefore(status, form.firstChild);
  var timer = null;
  function value(name) { var el = form.elements.namedItem(name); return el && "value" in el ? el.value : ""; }
  function draft() {
    var needs = Array.prototype.slice.call(form.querySelectorAll("input[name^='needs.']:checked")).map(function (el) { return el.name.slice(6); });
    var founders = value("founders").split(/\\r?\\n/).map(function (l) { return l.trim(); }).filter(Boolean).map(function (l) {
      var parts = l.split(/[，,]/); return { name: parts.shift().trim(), role: parts.join("，").trim() };
    });
    var signed = form.querySelector("input[name='foundersSigned.yes']");
    var team = value("teamSize");
    return { orgIntro: value("orgIntro"), plan: value("plan"), needs: needs, teamSize: team ? Number(team) : null, founders: founders, foundersSigned: !!(signed && signed.checked) };
  }
  function save() {
    fetch(form.getAttribute("data-autosave"), {
      method: "PUT", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": form.getAttribute("data-csrf") },
      body: JSON.stringify(draft())
    }).then(function (res) {
      status.textContent = res.ok ? (document.documentElement.lang === "en" ? "Draft saved " : "草稿已自动保存 ") + new Date().toLocaleTimeString() : (document.documentElement.lang === "en" ? "Not saved: check the fields." : "未能自动保存，请检查填写内容。");
    }).catch(function () {});
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
})();
`;
