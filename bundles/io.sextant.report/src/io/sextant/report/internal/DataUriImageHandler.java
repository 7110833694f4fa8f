package io.sextant.report.internal;

import java.util.Base64;

import org.eclipse.birt.report.engine.api.HTMLImageHandler;
import org.eclipse.birt.report.engine.api.IImage;

/** Makes an HTML report self-contained: every image is inlined as a data: URI instead of a file beside it. */
public final class DataUriImageHandler extends HTMLImageHandler {

    private static String inline(IImage image) {
        byte[] data = image.getImageData();
        if (data == null) {
            return null;
        }
        String mime = image.getMimeType() == null ? "image/png" : image.getMimeType();
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(data);
    }

    @Override
    public String onCustomImage(IImage image, Object context) {
        return inline(image);
    }

    @Override
    public String onDesignImage(IImage image, Object context) {
        return inline(image);
    }

    @Override
    public String onDocImage(IImage image, Object context) {
        return inline(image);
    }

    @Override
    public String onFileImage(IImage image, Object context) {
        return inline(image);
    }
}
