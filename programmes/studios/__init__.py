"""名师工作室: studios, their people and pools, agreements, term plans, activities and archive."""
