package ascc.core.asterisk;

import ascc.routing.asterisk.Contexts;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code voicemail.conf}: one box per company (box = company code) for after-hours messages; nobody dials VoiceMailMain. */
final class VoicemailConf {
    private VoicemailConf() {
    }

    static String render(CenterConfig config) {
        Conf c = new Conf();
        c.section("general");
        c.option("format", "wav49|wav");
        c.option("attach", "no");
        c.option("maxmsg", "500");
        c.option("maxsecs", "180");
        c.option("minsecs", "1");
        c.comment("Company boxes for after-hours messages (hours.yaml after-hours: voicemail). Box = company code.");
        c.section(Contexts.VOICEMAIL);
        List<Company> companies = new ArrayList<>(config.companies().values());
        companies.sort(Comparator.comparing(Company::code));
        for (Company co : companies) {
            String code = AsteriskSyntax.name("company code", co.code());
            c.line(code + " => " + code + "," + AsteriskSyntax.displayName("company " + co.id() + " name", co.name()));
        }
        return c.text();
    }
}
