package fr.spie.hub.channels;

import fr.spie.hub.HubProperties;
import fr.spie.hub.partner.Partner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.stereotype.Component;

/**
 * File drop: one file per message in the partner's outbox under the data folder (e.g. {@code data/outbox/caf/}),
 * named {@code <message type>_<exchange id>.json}. Written to a hidden temporary file in the same folder, then renamed
 * in one step: a partner polling the folder never reads half a file. A redelivered copy overwrites its own file.
 */
@Component
public class FileDropChannel implements Channel {

    private final Path data;

    public FileDropChannel(HubProperties properties) {
        this.data = properties.dataDir();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void send(OutboundMessage message, Partner.Delivery channel) throws ChannelFailure {
        Path folder = data.resolve(channel.directory()).normalize();
        String name = message.messageType() + "_" + message.exchangeId() + ".json";
        Path target = folder.resolve(name);
        Path temporary = folder.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(folder);
            Files.writeString(temporary, message.body(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new ChannelFailure("the outbox " + channel.directory() + " cannot rename atomically", e);
            }
        } catch (IOException e) {
            throw new ChannelFailure("cannot write in the outbox " + channel.directory() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
