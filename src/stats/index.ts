// stats layer: see docs/architecture.md
