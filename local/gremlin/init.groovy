// Gremlin Server init script (loaded by ScriptFileGremlinPlugin in
// gremlin-server.yaml). Binds the traversal source `g` over the graph named
// `graph`, which is the name Neptune and gremlinpython's
// DriverRemoteConnection(url, 'g') expect, and `gtest` over the tests' graph.
def globals = [:]

globals << [hook : [
  onStartUp: { ctx ->
    ctx.logger.info("Neptune-like TinkerGraph ready: traversal source g bound to graph")
  },
  onShutDown: { ctx ->
    ctx.logger.info("Gremlin Server shutting down; graph written to its graphLocation")
  }
] as LifeCycleHook]

globals << [g : traversal().withEmbedded(graph)]
globals << [gtest : traversal().withEmbedded(testGraph)]
