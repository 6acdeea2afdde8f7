package fr.spie.hub.cli;

import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.partner.RoutingMatrix;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code partners [config/partners]}: the routing matrix of the partner files, as Markdown tables. */
final class PartnersCommand implements CommandLine.Command {

    @Override
    public String usage() {
        return "partners [folder of partner files, default config/partners]";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        Path folder = Path.of(args.length > 0 ? args[0] : "config/partners");
        out.print(new RoutingMatrix(PartnerRegistry.load(folder)).markdown());
        return 0;
    }
}
