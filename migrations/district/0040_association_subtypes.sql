-- 社会团体 are evaluated on different indicator systems by kind: 行业协会商会, 学术类,
-- 联合类 and 专业类 社团 (docs/domain.md, "Rubrics by organization type"). The kind is a
-- field of the organization; 'other' (未细分) is the default, under which a 社会团体 is
-- scored on its round's 社会团体 rubric, as every 社会团体 was before.
ALTER TABLE organizations ADD COLUMN association_subtype TEXT NOT NULL DEFAULT 'other';
