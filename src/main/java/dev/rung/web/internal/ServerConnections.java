package dev.rung.web.internal;

import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * What each client connection costs Jetty. A burst (a CRM sync, a retry storm) opens thousands of
 * connections at once: the JDK's default backlog of 50 drops most connection attempts while the
 * acceptor waits for a CPU, and the client retries only after a second or more, so the queue is as
 * long as the operating system allows (net.core.somaxconn, 4096 on current Linux). Jetty's
 * per-connection cache of parsed request headers takes 96 KB the first time a connection is reused;
 * thousands of kept-alive connections would hold hundreds of megabytes for a saving of microseconds
 * a request, so it is off. Requests Jetty itself refuses are answered with problem documents
 * ({@link ServerProblems}).
 */
@Component
class ServerConnections implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> {

    static final int ACCEPT_QUEUE = 4096;

    private final JsonMapper json;

    ServerConnections(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(ConfigurableJettyWebServerFactory factory) {
        factory.addServerCustomizers(
                server -> {
                    server.setErrorHandler(new ServerProblems(json));
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof ServerConnector serverConnector) {
                            serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                        }
                        var http = connector.getConnectionFactory(HttpConnectionFactory.class);
                        if (http != null) {
                            http.getHttpConfiguration().setHeaderCacheSize(0);
                        }
                    }
                });
    }
}
