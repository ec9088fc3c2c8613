package dev.cloakroom.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The servlet application in embedded Tomcat 11. */
class TomcatSessionMiddlewareTest extends ServletContainerContract {
    @TempDir
    Path baseDir;
    private Tomcat tomcat;

    @Override
    int start(Filter filter, HttpServlet servlet) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        Context context = tomcat.addContext("", baseDir.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "app", servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "app");
        FilterDef def = new FilterDef();
        def.setFilterName("cloakroom");
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("cloakroom");
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("FORWARD");
        map.setDispatcher("ASYNC");
        map.setDispatcher("ERROR");
        context.addFilterMap(map);
        ErrorPage teapot = new ErrorPage();
        teapot.setErrorCode(418);
        teapot.setLocation("/error-page");
        context.addErrorPage(teapot);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
