"""Pages of the playbook, split by role: ``content``, ``library`` and ``training``."""
