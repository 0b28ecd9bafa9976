"""The seeds' programmes (issue 19): 双培双促进 and 创先争优 programmes of a school year, the teachers' baseline,
cultivation lists, pairs, pledges, activity records against quotas, 民主评议 and 名师工作室."""
