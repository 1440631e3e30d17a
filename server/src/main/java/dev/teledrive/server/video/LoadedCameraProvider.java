package dev.teledrive.server.video;

import dev.teledrive.api.CameraProvider;

/**
 * A camera provider and the plugin it came from.
 *
 * @param pluginId the plugin id ({@code host} or a test's name for providers registered in code)
 * @param provider the provider
 */
public record LoadedCameraProvider(String pluginId, CameraProvider provider) {}
