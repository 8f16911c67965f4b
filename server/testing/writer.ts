// One of the processes in server/test/processes.test.ts: opens the shared data folder
// and makes audited writes to one district as fast as it can.
//   node writer.mjs <data dir> <district code> <writes> <tag>
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { createNodeEnv } from "../env";

const [dataDir, code, countText, tag] = process.argv.slice(2) as [string, string, string, string];
const nodeEnv = createNodeEnv({ dataDir, secrets: {} });
const district = await findDistrict(nodeEnv.env, code);
if (!district) throw new Error(`no district ${code}`);
const data = new DistrictData(district, shardDatabase(nodeEnv.env, district.shard), { id: null, role: "system", requestId: `writer-${tag}` });
const now = new Date().toISOString();
// Writes go out in small concurrent groups, as requests would, to contend within the
// process as well as with the other one.
const count = Number(countText);
for (let i = 0; i < count; i += 4) {
  await Promise.all(
    [0, 1, 2, 3]
      .filter((j) => i + j < count)
      .map((j) => {
        const id = `${tag}-${i + j}`;
        return data.write([data.insertInto("organizations", { id, name: `并发写入${id}`, uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "verified", created_at: now, updated_at: now })], {
          action: "organization.created",
          targetType: "organization",
          targetId: id,
        });
      }),
  );
}
nodeEnv.close();
