package dev.cloakroom.codec;

import dev.cloakroom.UntrustedTypeException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.databind.type.TypeModifier;
import tools.jackson.databind.util.ArrayBuilders;
import tools.jackson.databind.util.LookupCache;
import tools.jackson.databind.util.SimpleLookupCache;

/**
 * The typed-values mapper's only way from a class name to a class: a name that {@link TrustedTypeNames} does not
 * trust is refused before it is looked up. Every lookup by name goes through here, whatever asked for it: a
 * default-typing id, a {@code @JsonTypeInfo} id of a module's mix-in, each parameter of a generic id such as
 * {@code java.util.ArrayList<...>}, a {@code Class}-valued property.
 */
final class GuardedTypeFactory extends TypeFactory {
    private static final long serialVersionUID = 1L;
    private static final int CACHE_SIZE = 200;

    private final transient TrustedTypeNames trusted;

    GuardedTypeFactory(TrustedTypeNames trusted) {
        this(trusted, new SimpleLookupCache<>(16, CACHE_SIZE), null, null);
    }

    private GuardedTypeFactory(TrustedTypeNames trusted, LookupCache<Object, JavaType> cache,
            TypeModifier[] modifiers, ClassLoader loader) {
        super(cache, modifiers, loader);
        this.trusted = trusted;
    }

    @Override
    public Class<?> findClass(String className) throws ClassNotFoundException {
        if (className.indexOf('.') < 0 && _findPrimitive(className) != null) {
            return _findPrimitive(className);
        }
        if (!trusted.isTrusted(className)) {
            throw new UntrustedTypeException(className, null);
        }
        return super.findClass(className);
    }

    @Override
    public TypeFactory snapshot() {
        return new GuardedTypeFactory(trusted, _typeCache.snapshot(), _modifiers, _classLoader);
    }

    @Override
    public TypeFactory withModifier(TypeModifier modifier) {
        // As the base class does it, for a factory of this class: a new modifier empties the cache.
        if (modifier == null) {
            return new GuardedTypeFactory(trusted, _typeCache.emptyCopy(), null, _classLoader);
        }
        if (_modifiers == null) {
            return new GuardedTypeFactory(trusted, _typeCache.emptyCopy(), new TypeModifier[] {modifier},
                    _classLoader);
        }
        return new GuardedTypeFactory(trusted, _typeCache, ArrayBuilders.insertInListNoDup(_modifiers, modifier),
                _classLoader);
    }

    @Override
    public TypeFactory withClassLoader(ClassLoader classLoader) {
        return new GuardedTypeFactory(trusted, _typeCache, _modifiers, classLoader);
    }

    @Override
    public TypeFactory withCache(LookupCache<Object, JavaType> cache) {
        return new GuardedTypeFactory(trusted, cache, _modifiers, _classLoader);
    }
}
