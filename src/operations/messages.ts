import type { Catalog } from "../i18n/messages";

// Operations: file storage faults, a district being moved between shards, the
// operator console's move action.

export const operationsMessages = {
  "ops.storageUnavailable": ["文件存储暂时不可用，文件未保存，也没有记录任何内容。请稍后重试。", "File storage is unavailable right now: the file was not saved and nothing was recorded. Please try again in a moment."],
  "ops.storageUnavailableRead": ["文件存储暂时不可用，请稍后再下载。", "File storage is unavailable right now. Please download the file again in a moment."],
  "ops.readOnly": [
    "{district}正在进行数据维护，暂时只能查看、不能提交或修改。请约 {minutes} 分钟后重试，已填写的内容请先自行保留。",
    "{district} is undergoing data maintenance: you can look around, but nothing can be submitted or changed for now. Please try again in about {minutes} minutes; keep a copy of anything you were filling in.",
  ],
  "ops.move.title": ["迁移到其他分片", "Move to another shard"],
  "ops.move.intro": [
    "把本区数据迁移到另一个数据库分片（用于缓解已满的分片）。迁移期间本区只读：可以查看，提交和修改会提示稍后重试。",
    "Moves this district's data to another database shard (how a full shard is relieved). While it runs the district is read-only: pages can be read, submissions and changes are asked to retry later.",
  ],
  "ops.move.target": ["目标分片", "Target shard"],
  "ops.move.current": ["当前分片：{shard}", "Current shard: {shard}"],
  "ops.move.start": ["开始迁移", "Start the move"],
  "ops.move.resume": ["继续迁移", "Resume the move"],
  "ops.move.rollback": ["撤销迁移", "Roll the move back"],
  "ops.move.open": ["有一次未完成的迁移：{from} → {to}，阶段：{phase}。", "A move is unfinished: {from} → {to}, phase: {phase}."],
  "ops.move.done": ["迁移完成：{from} → {to}，共复制 {rows} 行，核对文件 {files} 个。", "Move finished: {from} → {to}, {rows} rows copied, {files} files checked."],
  "ops.move.rolledBack": ["迁移已撤销，数据仍在 {from}。", "The move was rolled back; the data stays on {from}."],
  "ops.move.sameShard": ["本区已在该分片上。", "The district is already on that shard."],
  "ops.move.unknownShard": ["没有这个分片。", "There is no such shard."],
  "ops.move.busy": ["本区已有一次未完成的迁移，请先继续或撤销。", "The district has an unfinished move: resume or roll it back first."],
  "ops.move.targetNotEmpty": ["目标分片上已有本区的数据，无法迁移。", "The target shard already holds rows of this district; the move cannot start."],
  "ops.move.noOpenMove": ["没有未完成的迁移。", "There is no unfinished move."],
  "ops.move.tooLate": ["登记已切换到新分片，只能继续完成迁移，不能撤销。", "The registry already points at the new shard: the move can only be resumed, not rolled back."],
  "ops.move.phase.copying": ["复制中", "copying"],
  "ops.move.phase.copied": ["已复制", "copied"],
  "ops.move.phase.switched": ["已切换", "switched"],
  "ops.move.phase.done": ["已完成", "done"],
  "ops.move.phase.rolled_back": ["已撤销", "rolled back"],
  "ops.move.history": ["迁移记录", "Moves"],
  "ops.move.failed": ["迁移中断：{error}。可以继续或撤销。", "The move was interrupted: {error}. It can be resumed or rolled back."],
} as const satisfies Catalog;

declare module "../i18n/messages" {
  interface ModuleCatalogs {
    operations: typeof operationsMessages;
  }
}
