package dev.cloakroom.sample;

/**
 * A two-step form kept across requests by {@code @SessionAttributes}: a mutable bean, as Spring MVC binds
 * request parameters onto the instance taken from the session.
 */
public class Wizard {
    private String name;
    private String colour;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getColour() {
        return colour;
    }

    public void setColour(String colour) {
        this.colour = colour;
    }
}
