import type { EmbeddingMode, EndReason, Funding, HostType, PostKind, PostStatus, Qualification, RewardKind, TrainingForm, AssessmentGrade, ApplicationStatus } from "./tables";

// The shape of a demo district's post data, written as plain records (seed-kundulun.ts,
// seed-qingshan.ts) and turned into inserts by seed.ts.

export interface HostSpec {
  key: string;
  type: HostType;
  name: string;
  area: string | null;
  org?: string; // demo organization key
}

interface PostSpec {
  key: string;
  host: string;
  area: string | null;
  title: string;
  kind: PostKind;
  mode: EmbeddingMode;
  funding: Funding;
  work: string[];
  duties: string[];
  steps: string[];
  qualification: Qualification;
  headcount: number;
  status: PostStatus;
  createdOn: string;
  /** An earlier description, revised on this date (the history page has a difference to show). */
  revised?: { on: string; by: string; work: string[]; headcount: number };
}

interface WorkerSpec {
  key: string;
  name: string;
  area: string | null;
  qualification: Qualification;
  certificate?: string;
  qualifiedOn?: string;
  birth: string; // YYYYMMDD
  region: string; // 6-digit address code of the ID number
  sequence: string; // 3 digits
  phone: string;
  person?: string; // demo person key of the account that keeps this profile
}

interface AssignmentSpec {
  key: string;
  post: string;
  worker: string;
  starts: string;
  ends?: string;
  reason?: EndReason;
  rotatedFrom?: string;
}

export interface DistrictSpec {
  hosts: HostSpec[];
  posts: PostSpec[];
  workers: WorkerSpec[];
  trainings: { worker: string; form: TrainingForm; title: string; hours: number; provider: string; on: string }[];
  assignments: AssignmentSpec[];
  assessments: { assignment: string; year: number; score: number; grade: AssessmentGrade; assessor: string; comments: string }[];
  rewards: { worker: string; kind: RewardKind; title: string; on: string; body: string; amount?: number }[];
  applications: { worker: string; post: string; motivation: string; status: ApplicationStatus; note?: string; on: string }[];
}
