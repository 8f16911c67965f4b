-- Evaluation by organization type (《社会组织评估管理办法》, revised, in force 2026-03-01):
-- a round keeps one rubric per type (社会团体 / 社会服务机构 / 基金会) as a map from the
-- type to the rubric, and each evaluation keeps the rubric it is scored on. Evaluations
-- made before this keep their round's common rubric, the one they were scored on.
ALTER TABLE evaluation_rounds ADD COLUMN type_rubrics_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE evaluations ADD COLUMN rubric_id TEXT NOT NULL DEFAULT '';
UPDATE evaluations SET rubric_id = (
  SELECT r.rubric_id FROM evaluation_rounds r WHERE r.district_id = evaluations.district_id AND r.id = evaluations.round_id
) WHERE rubric_id = '';
