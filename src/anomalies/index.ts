// anomalies layer: see docs/architecture.md
