-- The review queue sums every counted reviewer's points per application: with the score in
-- the index, each (assignment, item) is one index lookup rather than the primary-key index
-- and then the table row. Scores are written once per item and rarely, so the second index
-- costs little.
CREATE INDEX review_scores_points ON review_scores (district_id, assignment_id, item_id, score);
