// schema layer: see docs/architecture.md
