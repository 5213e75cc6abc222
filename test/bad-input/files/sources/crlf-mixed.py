import cv2
img = cv2.imread(p)img = cv2.resize(img, (256, 256))
 x = 1
