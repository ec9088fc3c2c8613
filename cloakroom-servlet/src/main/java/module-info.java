/** Django's session middleware as a jakarta.servlet Filter, with the HttpSession bridge. */
module dev.cloakroom.servlet {
    requires transitive dev.cloakroom.core;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports dev.cloakroom.servlet;
}
