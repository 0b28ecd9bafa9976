"""Activity records (听课, 示范课, 读书心得 …) against a programme's quotas, confirmed by the responsible person."""
