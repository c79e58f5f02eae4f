/**
 * Configuration as rule modules see it: the {@link io.callguard.core.config.Option options} a module declares (key,
 * type, default, one line of documentation) and the {@link io.callguard.core.config.ConfigView} its typed
 * {@code Options.from(view)} reads them through. A key is declared once, by the module that owns it; the app derives
 * its key list, environment variable names and documentation checks from these declarations. The generic reading
 * machinery (no file format: the app reads YAML) is here too: {@link io.callguard.core.config.DeclaredOptions} (every
 * owner's keys, defaults → file → {@code CALLGUARD_*} layering, key-tree hints, secrets) and
 * {@link io.callguard.core.config.ModuleValues} (the modules' values in one spelling, as each module reads them).
 */
package io.callguard.core.config;
