/**
 * The Teledrive plugin API: everything a vehicle plugin compiles against.
 *
 * <p>A plugin is a PF4J plugin jar that contributes one or more {@link dev.teledrive.api.VehicleProvider}
 * extensions. The host opens a {@link dev.teledrive.api.Vehicle} through a provider when a driver
 * selects it, hands it a {@link dev.teledrive.api.VehicleContext} (configuration, clock, its own
 * scheduler thread, telemetry sink, logger), and then calls it only from that one thread, so
 * plugin code needs no locks.
 *
 * <p>Since 1.3.0 a plugin may also contribute {@link dev.teledrive.api.CameraProvider} extensions:
 * cameras bound to vehicles, delivering encoded {@link dev.teledrive.api.VideoFrame}s that the host
 * fans out to viewers while anyone watches.
 *
 * <p>The API follows semantic versioning ({@link dev.teledrive.api.PluginApi#VERSION}); a plugin
 * declares the range it needs with the {@code Plugin-Requires} manifest attribute, for example
 * {@code >=1.0.0 & <2.0.0}. It carries no Jetty or Jackson types, so plugins are free to bring
 * their own versions of those.
 */
package dev.teledrive.api;
