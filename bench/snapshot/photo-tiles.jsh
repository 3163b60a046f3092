// jshell -R-Djava.awt.headless=true -R-Dout=DIR bench/snapshot/photo-tiles.jsh
// 224x224 JPEG tiles (quality 90) of the photographs among Debian's plasma-workspace-wallpapers, at four
// scales, in one folder per photo (12 classes, 1,680 tiles): the 224x224 JPEG case of
// BENCHMARKS.md, "Learning from the stream: reading the snapshot" (produce DIR --label-from-folder).
import java.awt.*;
import java.awt.image.*;
import javax.imageio.*;
import javax.imageio.stream.*;
import java.nio.file.*;
import java.io.*;
String[] photos = {"BytheWater","ColdRipple","ColorfulCups","DarkestHour","EveningGlow","FallenLeaf","Grey","Kite","OneStandsOut","Path","summer_1am","Autumn"};
Path out = Path.of(System.getProperty("out", "photos224"));
int n = 0;
for (String name : photos) {
  Path file = Path.of("/usr/share/wallpapers", name, "contents/images/2560x1600.jpg");
  if (!Files.isRegularFile(file)) continue;
  BufferedImage photo = ImageIO.read(file.toFile());
  Files.createDirectories(out.resolve(name));
  for (int scale : new int[] {2560, 1792, 1280, 896}) {
    int h = scale * 1600 / 2560;
    BufferedImage scaled = new BufferedImage(scale, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(photo, 0, 0, scale, h, null);
    g.dispose();
    for (int y = 0; y + 224 <= h; y += 224) for (int x = 0; x + 224 <= scale; x += 224) {
      BufferedImage tile = scaled.getSubimage(x, y, 224, 224);
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      try (var o = new FileImageOutputStream(out.resolve(name).resolve(scale + "-" + x + "-" + y + ".jpg").toFile())) {
        writer.setOutput(o);
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        writer.write(null, new IIOImage(tile, null, null), p);
      }
      writer.dispose();
      n++;
    }
  }
}
System.out.println(n + " tiles in " + out);
/exit
