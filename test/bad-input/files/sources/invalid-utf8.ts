const a = "Ã(ÿþ"; tf.image.resizeBilinear(x, [256, 256]);
