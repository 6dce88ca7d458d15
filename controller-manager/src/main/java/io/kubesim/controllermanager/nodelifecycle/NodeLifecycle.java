package io.kubesim.controllermanager.nodelifecycle;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.core.client.ResourcePath;

/**
 * The node lifecycle controller as one of the controller-manager's controllers: built with the
 * process, working while it leads. Its timings come from the environment under the real flags'
 * names (see {@link NodeLifecycleConfig}).
 */
public final class NodeLifecycle implements ManagedController {
  private final NodeLifecycleController controller;

  public NodeLifecycle(ControllerContext ctx) {
    this.controller =
        new NodeLifecycleController(
            ctx.vertx(),
            ctx.api(),
            ctx.recorder("node-controller"),
            ctx.registry(),
            NodeLifecycleConfig.fromEnv(System.getenv()),
            ctx.informers().of(ResourcePath.PODS));
  }

  @Override
  public String name() {
    return "node-lifecycle";
  }

  @Override
  public void start() {
    controller.start();
  }

  @Override
  public void stop() {
    controller.stop();
  }
}
