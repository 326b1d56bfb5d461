package dev.kplane.kubelet.cri.sim;

import dev.kplane.cri.v1.FilesystemIdentifier;
import dev.kplane.cri.v1.FilesystemUsage;
import dev.kplane.cri.v1.ImageFsInfoRequest;
import dev.kplane.cri.v1.ImageFsInfoResponse;
import dev.kplane.cri.v1.ImageServiceGrpc;
import dev.kplane.cri.v1.ImageStatusRequest;
import dev.kplane.cri.v1.ImageStatusResponse;
import dev.kplane.cri.v1.ListImagesRequest;
import dev.kplane.cri.v1.ListImagesResponse;
import dev.kplane.cri.v1.PullImageRequest;
import dev.kplane.cri.v1.PullImageResponse;
import dev.kplane.cri.v1.RemoveImageRequest;
import dev.kplane.cri.v1.RemoveImageResponse;
import dev.kplane.cri.v1.UInt64Value;
import io.grpc.stub.StreamObserver;

/** CRI ImageService of the simulated runtime: pulls succeed at once (see {@link SimImages}). */
final class SimImageService extends ImageServiceGrpc.ImageServiceImplBase {
  private final SimState state;

  SimImageService(SimState state) {
    this.state = state;
  }

  @Override
  public void listImages(ListImagesRequest r, StreamObserver<ListImagesResponse> o) {
    Replies.now(o, () -> ListImagesResponse.newBuilder().addAllImages(state.images.list().stream()
        .filter(i -> !r.getFilter().hasImage() || i.getId().equals(state.images.resolve(r.getFilter().getImage().getImage())))
        .toList()).build());
  }

  /** An image that is not here is a response without image, not an error (the CRI contract). */
  @Override
  public void imageStatus(ImageStatusRequest r, StreamObserver<ImageStatusResponse> o) {
    Replies.now(o, () -> {
      var image = state.images.status(r.getImage());
      return image == null ? ImageStatusResponse.getDefaultInstance()
          : ImageStatusResponse.newBuilder().setImage(image).build();
    });
  }

  @Override
  public void pullImage(PullImageRequest r, StreamObserver<PullImageResponse> o) {
    Replies.now(o, () -> PullImageResponse.newBuilder().setImageRef(state.images.pull(r.getImage())).build());
  }

  @Override
  public void removeImage(RemoveImageRequest r, StreamObserver<RemoveImageResponse> o) {
    Replies.now(o, () -> {
      state.images.remove(r.getImage());
      return RemoveImageResponse.getDefaultInstance();
    });
  }

  @Override
  public void imageFsInfo(ImageFsInfoRequest r, StreamObserver<ImageFsInfoResponse> o) {
    Replies.now(o, () -> ImageFsInfoResponse.newBuilder().addImageFilesystems(FilesystemUsage.newBuilder()
        .setTimestamp(state.now()).setFsId(FilesystemIdentifier.newBuilder().setMountpoint("/var/lib/kplane-simulated"))
        .setUsedBytes(UInt64Value.newBuilder().setValue(state.images.usedBytes()))
        .setInodesUsed(UInt64Value.newBuilder().setValue(0))).build());
  }
}
