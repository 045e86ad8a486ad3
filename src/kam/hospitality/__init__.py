"""Hospitality requests, banquets and seating (D2, D17); for now the pure seating rules in ``rules``."""
