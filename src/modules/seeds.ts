import type { ModuleSeed } from "../core/module-contract";
import { notificationsSeed } from "../notifications/seed";
import { receiptsSeed } from "../receipts/seed";
import { disclosureSeed } from "./disclosure/seed";
import { incubationSeed } from "./incubation/seed";
import { linkageSeed } from "./linkage/seed";
import { linkageMeetingsSeed } from "./linkage/seed-meetings";
import { linkageNoticeSeed } from "./linkage/seed-notice";
import { postsSeed } from "./posts/seed";
import { projectsSeed } from "./projects/seed";
import { projectsReviewSeed } from "./projects/seed-review";

// Every module's demo data, by module name. Kept apart from the manifests in index.ts
// so the deployable Worker never carries demo rows: only `npm start`, the seed script
// and the tests import this list. Seeds run in this order (organizations' records
// before the projects that name them).
export const MODULE_SEEDS: readonly { module: string; seed: ModuleSeed }[] = [
  { module: "incubation", seed: incubationSeed },
  { module: "posts", seed: postsSeed },
  { module: "disclosure", seed: disclosureSeed },
  { module: "projects", seed: projectsSeed },
  { module: "projects", seed: projectsReviewSeed },
  { module: "linkage", seed: linkageSeed },
  { module: "linkage", seed: linkageMeetingsSeed },
  { module: "linkage", seed: linkageNoticeSeed },
  { module: "notifications", seed: notificationsSeed },
  // Last: it numbers the submissions the seeds above wrote.
  { module: "receipts", seed: receiptsSeed },
];
