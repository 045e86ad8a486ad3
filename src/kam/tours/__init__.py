"""Facility tours (D1): areas with safety flags, tour applications, approval, brief and export."""
