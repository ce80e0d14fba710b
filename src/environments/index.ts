// environments layer: see docs/architecture.md
