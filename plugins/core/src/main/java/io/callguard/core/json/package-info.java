/** A dependency-free compact JSON writer for the modules that carry no JSON library. */
package io.callguard.core.json;
