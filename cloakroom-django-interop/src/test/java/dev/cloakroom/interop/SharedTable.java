package dev.cloakroom.interop;

import dev.cloakroom.session.SessionEngine;

import java.util.function.UnaryOperator;

/**
 * One database of its own, migrated by Django, with a Django process and a Cloakroom db engine on its
 * {@code django_session} table: what the db interop classes share. Closing releases all three, whatever of
 * them was set up.
 */
final class SharedTable implements AutoCloseable {
    final SharedDatabase db;
    final DjangoPeer django;
    final SessionEngine cloakroom;

    private SharedTable(SharedDatabase db, DjangoPeer django, SessionEngine cloakroom) {
        this.db = db;
        this.django = django;
        this.cloakroom = cloakroom;
    }

    /** Both sides on {@code kind}, with the db engine's default settings adjusted by {@code settings}. */
    static SharedTable start(SharedDatabase.Kind kind, UnaryOperator<DjangoConfig> settings) {
        SharedDatabase db = SharedDatabase.create(kind);
        DjangoPeer django = null;
        try {
            DjangoConfig config = settings.apply(DjangoConfig.of("db").withDatabase(db.django()));
            django = DjangoPeer.start(config);
            django.call("migrate");
            return new SharedTable(db, django, CloakroomSide.engine(CloakroomSide.settings(config, db.cloakroom())));
        } catch (RuntimeException | Error e) {
            if (django != null) {
                django.close();
            }
            db.close();
            throw e;
        }
    }

    /** Removes every session, so that each test starts from an empty table. */
    void clear() {
        db.execute("DELETE FROM django_session");
    }

    @Override
    public void close() {
        try {
            cloakroom.close();
        } finally {
            try {
                django.close();
            } finally {
                db.close();
            }
        }
    }
}
