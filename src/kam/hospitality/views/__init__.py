"""Pages of hospitality: requests (``requests``), banquets and reception plans (``events``)."""
