package dev.cloakroom.settings;

/** SESSION_SERIALIZER. */
public enum SerializerChoice {
    /**
     * Django's {@code JSONSerializer}, the default: readable by Django, and reading it can never run code.
     */
    JSON,
    /**
     * Java serialization, the counterpart of Django's removed PickleSerializer: holds any Serializable
     * value but is not readable by Django, and reads only the classes listed in
     * SESSION_SERIALIZER_ALLOWED_CLASSES, because deserializing arbitrary classes lets anyone who knows
     * SECRET_KEY run code on the server.
     */
    JAVA
}
