/** The demo web application that {@code bin/cloakroom runserver} starts: an application, not an API. */
module dev.cloakroom.demo {
    requires dev.cloakroom.servlet;
    requires dev.cloakroom.jdbc;
    requires tools.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.ee10.servlet;

    exports dev.cloakroom.demo to dev.cloakroom.cli;
}
