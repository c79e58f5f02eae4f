package io.callguard.cti.sms;

import io.callguard.core.config.Option;
import io.callguard.core.module.RuleModule;

import java.util.List;

/**
 * The SMS limits (R8) as a rule module. For now it declares its options only: the CTI adapter still builds the SMS
 * service and serves its routes.
 */
public final class SmsModule implements RuleModule {
    public static final String NAME = "sms";

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return SmsOptions.OPTIONS; }
}
