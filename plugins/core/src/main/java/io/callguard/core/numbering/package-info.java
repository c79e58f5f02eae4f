/** The French numbering plan: normalisation of dialled numbers and their classification (emergency, mobile, 08…). */
package io.callguard.core.numbering;
