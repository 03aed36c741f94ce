import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the official DynamoDB Local with its server bound to 127.0.0.1: DynamoDB Local has no
 * bind option and would otherwise accept connections on every interface. Same arguments as
 * DynamoDBLocal.jar; telemetry is never set up (we pass -disableTelemetry as well).
 */
public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    if (!new CommandLineInput(args).init()) return;
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost("127.0.0.1");
        bound += 1;
      }
    }
    // Refuse to start rather than silently listen on every interface after an upstream change.
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no ServerConnector to bind to 127.0.0.1");
    proxy.start();
  }
}
