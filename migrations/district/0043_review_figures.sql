-- A review queue ranks a call's applications by their reviewers' weighted totals. Summed on
-- every view, that is every score of every assignment (1,200 index lookups for a call of
-- 100 applications and 3 reviewers on a 4-item rubric), while the scores change only when
-- a reviewer hands them in. So each subject's figures are kept here, worked out again by
-- the triggers below in the same statement as any change to its assignments or counted
-- scores, and the queue reads one row per subject.
--
-- A reviewer's total is worked out as aggregate() does (src/review/scoring.ts), to the same
-- floating-point steps: Σ(score / max × weight) over the rubric's items in their order
-- (rubric_items_by_rubric holds them by position, and the CROSS JOIN keeps the items the
-- outer loop), ÷ Σ weight × 100, rounded half up to 2 decimals. Conflicted, moved and
-- unsubmitted assignments never count. A rubric's items cannot change once a score is
-- saved (rubrics.locked_at), and only submitted assignments have a total, so a change of
-- items never changes a total and needs no trigger.
CREATE VIEW review_assignment_totals AS
SELECT a.district_id, a.subject_id, a.status, a.submitted_at,
  CASE WHEN a.status = 'clear' AND a.submitted_at IS NOT NULL THEN
    CAST(coalesce((SELECT sum(s.score / i.max_score * i.weight) FROM rubric_items i INDEXED BY rubric_items_by_rubric CROSS JOIN review_scores s
                   WHERE i.district_id = a.district_id AND i.rubric_id = a.rubric_id AND s.district_id = a.district_id AND s.assignment_id = a.id AND s.item_id = i.id), 0)
      / (SELECT sum(weight) FROM rubric_items WHERE district_id = a.district_id AND rubric_id = a.rubric_id) * 100 * 100 + 0.5 AS INTEGER) / 100.0
  END AS total
FROM review_assignments a;

-- A subject's figures, worked out from its assignments. Read with the subject's id
-- (`subject_id = <value>`), SQLite works out that subject's rows only; with a subquery in
-- its place it would work out every subject of the district first.
CREATE VIEW review_figures_worked_out AS
SELECT district_id, subject_id, count(total) AS counted, sum(total) AS sum, min(total) AS min, max(total) AS max,
  sum(status = 'conflicted') AS conflicted, sum(status IN ('awaiting_declaration', 'clear') AND submitted_at IS NULL) AS pending
FROM review_assignment_totals GROUP BY district_id, subject_id;

-- Derived rows: a bulk load (restore, move) does not copy them, the triggers make them again
-- as the assignments and scores go in, and the data export leaves them out. A subject with
-- no assignment has no row (min, max and sum are NULL when no review counts).
CREATE TABLE review_figures (
  district_id  TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  counted      INTEGER NOT NULL,
  sum          REAL,
  min          REAL,
  max          REAL,
  conflicted   INTEGER NOT NULL,
  pending      INTEGER NOT NULL,
  PRIMARY KEY (district_id, subject_id)
);

INSERT INTO review_figures (district_id, subject_id, counted, sum, min, max, conflicted, pending)
SELECT district_id, subject_id, counted, sum, min, max, conflicted, pending FROM review_figures_worked_out;

-- Each trigger works the subject's figures out again from scratch: deleting first, so a
-- subject whose last assignment went has no row left. An assignment keeps its subject and
-- rubric for good; its declaration and hand-in change.
CREATE TRIGGER review_figures_assigned AFTER INSERT ON review_assignments
BEGIN
  DELETE FROM review_figures WHERE district_id = NEW.district_id AND subject_id = NEW.subject_id;
  INSERT INTO review_figures (district_id, subject_id, counted, sum, min, max, conflicted, pending)
  SELECT district_id, subject_id, counted, sum, min, max, conflicted, pending FROM review_figures_worked_out WHERE district_id = NEW.district_id AND subject_id = NEW.subject_id;
END;

CREATE TRIGGER review_figures_assignment_changed AFTER UPDATE OF status, submitted_at ON review_assignments
BEGIN
  DELETE FROM review_figures WHERE district_id = NEW.district_id AND subject_id = NEW.subject_id;
  INSERT INTO review_figures (district_id, subject_id, counted, sum, min, max, conflicted, pending)
  SELECT district_id, subject_id, counted, sum, min, max, conflicted, pending FROM review_figures_worked_out WHERE district_id = NEW.district_id AND subject_id = NEW.subject_id;
END;

CREATE TRIGGER review_figures_unassigned AFTER DELETE ON review_assignments
BEGIN
  DELETE FROM review_figures WHERE district_id = OLD.district_id AND subject_id = OLD.subject_id;
  INSERT INTO review_figures (district_id, subject_id, counted, sum, min, max, conflicted, pending)
  SELECT district_id, subject_id, counted, sum, min, max, conflicted, pending FROM review_figures_worked_out WHERE district_id = OLD.district_id AND subject_id = OLD.subject_id;
END;

-- A score moves the figures only once its assignment counts (clear and submitted): the
-- scores a reviewer saves before handing in wait for the hand-in's own trigger. A score
-- names its assignment, not the subject, so its triggers set the assignment's status to
-- itself: that runs review_figures_assignment_changed with the subject's id as a value,
-- which the view needs to work out that one subject only (see above).
CREATE TRIGGER review_figures_scored AFTER INSERT ON review_scores
WHEN EXISTS (SELECT 1 FROM review_assignments WHERE district_id = NEW.district_id AND id = NEW.assignment_id AND status = 'clear' AND submitted_at IS NOT NULL)
BEGIN
  UPDATE review_assignments SET status = status WHERE district_id = NEW.district_id AND id = NEW.assignment_id;
END;

-- A score keeps its assignment and item (its key); only its value changes.
CREATE TRIGGER review_figures_rescored AFTER UPDATE OF score ON review_scores
WHEN EXISTS (SELECT 1 FROM review_assignments WHERE district_id = NEW.district_id AND id = NEW.assignment_id AND status = 'clear' AND submitted_at IS NOT NULL)
BEGIN
  UPDATE review_assignments SET status = status WHERE district_id = NEW.district_id AND id = NEW.assignment_id;
END;

CREATE TRIGGER review_figures_unscored AFTER DELETE ON review_scores
WHEN EXISTS (SELECT 1 FROM review_assignments WHERE district_id = OLD.district_id AND id = OLD.assignment_id AND status = 'clear' AND submitted_at IS NOT NULL)
BEGIN
  UPDATE review_assignments SET status = status WHERE district_id = OLD.district_id AND id = OLD.assignment_id;
END;

-- The queue no longer sums scores when it is read; the triggers reach each score by its
-- primary key.
DROP INDEX review_scores_points;
