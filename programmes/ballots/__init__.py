"""民主评议党员 with anonymous ballots, and the votes of 评选表彰."""
