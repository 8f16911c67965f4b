import type { DistrictData } from "../../data/district-data";
import { newId } from "../../lib/ids";
import { loadAreas } from "./areas";
import { fieldProblem } from "./rules";
import { areaCondition, areaInScope, type PostsActor, type Viewer } from "./scope";
import type { HostType } from "./tables";
import { orgHostId } from "./posts";

// Hosts (departments, communities, stations, organizations): listing and registering them.

/** Organizations a staff member may register as hosts: those placed in their scope. */
export async function organizationsInScope(data: DistrictData, v: Viewer): Promise<{ id: string; name: string; areaCode: string | null }[]> {
  const rows = await data.selectFrom("organizations").select(["id", "name", "area_code as areaCode"]).where(areaCondition("organizations.area_code", v)).orderBy("name").limit(1000).execute();
  return rows;
}

export async function createHost(data: DistrictData, v: PostsActor, input: { hostType: HostType; name: string; areaCode: string; organizationId: string }, now: string): Promise<string> {
  const l = v.locale;
  const areas = await loadAreas(data);
  let area = input.areaCode || null;
  if (area && !areas.has(area)) throw fieldProblem(l, 422, "areaCode", "posts.error.areaUnknown");
  let id = newId();
  let name = input.name;
  if (input.hostType === "organization") {
    const org = (await organizationsInScope(data, v)).find((o) => o.id === input.organizationId);
    if (!org) throw fieldProblem(l, 422, "organizationId", "posts.error.organization");
    id = orgHostId(org.id);
    name = org.name;
    area = org.areaCode;
  } else {
    if (!areaInScope(v, area)) throw fieldProblem(l, 422, "areaCode", "posts.error.areaNotAllowed");
    if (input.hostType === "community") {
      if (area?.length !== 12) throw fieldProblem(l, 422, "areaCode", "posts.error.hostType");
      // The community itself (社区"两委") is one host.
      id = `community-${area}`;
      name ||= areas.get(area)!.nameZh;
    }
    if (input.hostType === "station" && !area) throw fieldProblem(l, 422, "areaCode", "posts.error.hostType");
    if (!name) throw fieldProblem(l, 422, "name", "posts.error.hostName");
  }
  await data.write(
    [
      data
        .insertInto("post_hosts", { id, host_type: input.hostType, name, area_code: area, organization_id: input.hostType === "organization" ? input.organizationId : null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.doNothing()),
    ],
    { action: "post_host.registered", targetType: "post_host", targetId: id, after: { type: input.hostType, name, area } },
  );
  return id;
}
