"""Runs every benchmark against the local stack and prints its figures."""

from benchmarks import (
    cold_imports,
    create_risk,
    dashboards,
    end_to_end_latency,
    graph_analytics,
    graph_sync_batches,
    load,
    rescore,
    web,
)

if __name__ == "__main__":
    cold_imports.main()
    end_to_end_latency.main()
    load.main()
    rescore.main()
    create_risk.main()
    graph_analytics.main()
    graph_sync_batches.main()
    dashboards.main()
    web.main()
