"""Pairs (结对/青蓝工程), personal plans and public pledges (公开承诺), responsibility letters (责任书)."""
