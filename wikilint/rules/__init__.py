"""Built-in rules, one per module; each module exposes its class as ``RULE``."""
