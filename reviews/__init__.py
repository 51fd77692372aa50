"""Reviews (a reviewer's verdict) and Decisions (an editor's act), and ClaimReview."""
