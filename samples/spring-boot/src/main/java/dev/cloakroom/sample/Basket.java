package dev.cloakroom.sample;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.util.ArrayList;
import java.util.List;

/** A {@code @SessionScope} bean: one per session, stored in it by Spring under {@code scopedTarget.basket}. */
@Component
@SessionScope
public class Basket {
    private List<String> items = new ArrayList<>();

    public List<String> getItems() {
        return items;
    }

    public void setItems(List<String> items) {
        this.items = new ArrayList<>(items);
    }

    public void add(String item) {
        items.add(item);
    }
}
