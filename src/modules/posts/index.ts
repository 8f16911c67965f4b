import { defineModule } from "../../core/module-contract";
import served from "./served";
import { postsMessages } from "./messages";
import { applicationAccepted, applicationDeclined } from "./notifications";

/** Social-work posts (社会工作岗位开发) and social workers. */
export const postsModule = defineModule({
  name: "posts",
  switchable: true,
  ...served,
  nav: [
    { path: "/open-posts", label: "posts.nav.open", access: "public", order: 100 },
    { path: "/posts", label: "posts.nav.posts", access: "posts.manage", order: 110 },
    { path: "/workers", label: "posts.nav.workers", access: "workers.read", order: 120 },
    { path: "/posts/figures", label: "posts.nav.figures", access: "posts.figures", order: 130 },
    { path: "/me/worker", label: "posts.nav.me", access: "workers.self", order: 140 },
  ],
  messages: postsMessages,
  notifications: [applicationAccepted, applicationDeclined],
  tables: ["post_hosts", "posts", "post_revisions", "social_workers", "worker_qualifications", "worker_trainings", "post_assignments", "post_applications", "worker_assessments", "worker_rewards", "worker_registrations"],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { PostsTables } from "./tables";

// The social-worker registry as other modules may read it (no personal data).
export { certifiedWorkersByArea, registeredWorkers, type RegisteredWorker } from "./team";

// The district's post-development figures (posts developed and filled per 街道), as other modules may read them.
export { districtFigures as postsFigures, postCountsByArea, stationAreas } from "./figures";
