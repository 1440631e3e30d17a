// Which of the selected vehicle's cameras to show: the first, unless this browser chose another for
// that vehicle before (remembered in local storage: a camera id is no secret); a picker over the
// picture when there are several.

const KEY = 'teledrive.camera.';

export class CameraPicker {
  /** @param onPick told the camera chosen, when the viewer picks another */
  constructor(select, onPick) {
    this.select = d3.select(select);
    this.vehicle = null;
    this.select.on('change', (event) => {
      const camera = event.target.value;
      if (this.vehicle) {
        try {
          localStorage.setItem(KEY + this.vehicle, camera);
        } catch (e) {
          // storage refused (private mode): the choice holds for this visit only
        }
      }
      onPick(camera);
    });
  }

  /** The camera to show for this vehicle entry (null for none), with the picker drawn for it. */
  choose(vehicle) {
    const cameras = vehicle && Array.isArray(vehicle.cameras) ? vehicle.cameras : [];
    this.vehicle = vehicle ? vehicle.id : null;
    let remembered = null;
    try {
      remembered = vehicle ? localStorage.getItem(KEY + vehicle.id) : null;
    } catch (e) {
      remembered = null;
    }
    const camera = cameras.includes(remembered) ? remembered : cameras[0] || null;
    this.select.attr('hidden', cameras.length > 1 ? null : true)
      .selectAll('option').data(cameras, (c) => c).join('option')
      .attr('value', (c) => c)
      .text((c, i) => `Camera ${i + 1}: ${c}`);
    this.select.property('value', camera);
    return camera;
  }
}
