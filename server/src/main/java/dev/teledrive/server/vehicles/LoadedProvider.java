package dev.teledrive.server.vehicles;

import dev.teledrive.api.VehicleProvider;

/**
 * A provider and the plugin it came from.
 *
 * @param pluginId the plugin id ({@code host} for providers registered in code)
 * @param provider the provider
 */
public record LoadedProvider(String pluginId, VehicleProvider provider) {}
